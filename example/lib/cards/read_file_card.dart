import 'dart:async';
import 'dart:io';
import 'dart:typed_data';

import 'package:app_core/app_core.dart';
import 'package:async/async.dart';
import 'package:flutter/material.dart';

import '../demo_file.dart';
import '../widgets/busy_indicator.dart';
import '../widgets/feature_card.dart';
import '../widgets/outcome_state.dart';
import '../widgets/outcome_text.dart';

const _fileSize = 16 << 20;

const _description =
    'Writes a 16 MiB file, then reads it on a native worker. The bytes reach '
    'Dart without a copy: the Uint8List is the buffer the worker read into, '
    'and the VM frees it when the list is garbage-collected.';

/// `AppCore.readFile`: a whole file as a `Uint8List`, zero-copy.
class ReadFileCard extends StatefulWidget {
  const ReadFileCard({super.key});

  @override
  State<ReadFileCard> createState() => _ReadFileCardState();
}

class _ReadFileCardState extends State<ReadFileCard>
    with OutcomeState<ReadFileCard> {
  CancelableOperation<Uint8List>? _operation;

  @override
  void dispose() {
    unawaited(_operation?.cancel());
    super.dispose();
  }

  Future<void> _start() => showOutcome(() async {
    final directory = await Directory.systemTemp.createTemp('app_core_');
    try {
      final file = await writeDemoFile(
        directory,
        size: _fileSize,
        onProgress: (_) {},
        shouldStop: () => !mounted,
      );
      if (file == null || !mounted) return 'Cancelled';
      final stopwatch = Stopwatch()..start();
      final operation = _operation = AppCore.readFile(file.path);
      final bytes = await operation.valueOrCancellation();
      final elapsed = stopwatch.elapsedMilliseconds;
      if (bytes == null) return 'Cancelled';
      return '${bytes.length} bytes read in $elapsed ms';
    } finally {
      _operation = null;
      await deleteQuietly(directory);
    }
  });

  void _cancel() => unawaited(_operation?.cancel());

  @override
  Widget build(BuildContext context) {
    return FeatureCard(
      title: 'Read a file (zero-copy bytes)',
      description: _description,
      children: [
        Row(
          spacing: 12,
          children: [
            FilledButton(
              onPressed: busy ? null : _start,
              child: const Text('Write and read'),
            ),
            OutlinedButton(
              onPressed: busy ? _cancel : null,
              child: const Text('Cancel'),
            ),
            if (busy) const BusyIndicator(),
          ],
        ),
        OutcomeText(result: result, error: error),
      ],
    );
  }
}
