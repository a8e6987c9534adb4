import 'dart:async';
import 'dart:io';
import 'dart:typed_data';

import 'package:app_core/app_core.dart';
import 'package:async/async.dart';
import 'package:flutter/material.dart';

import '../demo_file.dart';
import '../widgets/busy_indicator.dart';
import '../widgets/button_wrap.dart';
import '../widgets/feature_card.dart';
import '../widgets/outcome_state.dart';
import '../widgets/outcome_text.dart';

const _fileSize = 16 << 20;

const _description =
    'Writes a 16 MiB file, then reads it on a native worker. The bytes reach '
    'Dart without a copy: the Uint8List is the buffer the worker read into, '
    'and the VM frees it when the list is garbage-collected. Then they are '
    'used: sha256Bytes hashes them (over 64 KiB, the core copies them and '
    'hashes on a worker), and the digest is checked against sha256FileDigest '
    'of the file.';

/// `AppCore.readFile`: a whole file as a `Uint8List`, zero-copy; then
/// `AppCore.sha256Bytes` of those bytes against `AppCore.sha256FileDigest`.
class ReadFileCard extends StatefulWidget {
  const ReadFileCard({super.key});

  @override
  State<ReadFileCard> createState() => _ReadFileCardState();
}

class _ReadFileCardState extends State<ReadFileCard>
    with OutcomeState<ReadFileCard> {
  CancelableOperation<Uint8List>? _operation;

  /// Set by Cancel (or dispose): the writing stops at its next 1 MiB chunk,
  /// the reading is cancelled, nothing after them starts, and a result that
  /// was already on its way is discarded.
  bool _stopRequested = false;

  @override
  void dispose() {
    _cancel();
    super.dispose();
  }

  Future<void> _start() {
    _stopRequested = false;
    return showOutcome(() async {
      final directory = await Directory.systemTemp.createTemp('app_core_');
      try {
        final file = await writeDemoFile(
          directory,
          size: _fileSize,
          onProgress: (_) {},
          shouldStop: () => _stopRequested,
        );
        if (file == null || _stopRequested) return 'Cancelled';
        final stopwatch = Stopwatch()..start();
        final operation = _operation = AppCore.readFile(file.path);
        final bytes = await operation.valueOrCancellation();
        final readMs = stopwatch.elapsedMilliseconds;
        if (bytes == null || _stopRequested) return 'Cancelled';
        stopwatch.reset();
        final hex = await AppCore.sha256Bytes(bytes);
        final hashMs = stopwatch.elapsedMilliseconds;
        final fileHex = await AppCore.sha256FileDigest(file.path);
        if (_stopRequested) return 'Cancelled';
        final verdict = hex == fileHex
            ? 'equals sha256FileDigest of the file'
            : 'DIFFERS from sha256FileDigest of the file: $fileHex';
        return '${bytes.length} bytes read in $readMs ms\n'
            'sha256Bytes: $hex in $hashMs ms\n'
            '$verdict';
      } finally {
        _operation = null;
        await deleteQuietly(directory);
      }
    });
  }

  void _cancel() {
    _stopRequested = true;
    unawaited(_operation?.cancel());
  }

  @override
  Widget build(BuildContext context) {
    return FeatureCard(
      title: 'Read a file (zero-copy bytes)',
      description: _description,
      children: [
        ButtonWrap(
          children: [
            FilledButton(
              onPressed: busy ? null : _start,
              child: const Text('Write and read'),
            ),
            OutlinedButton(
              onPressed: busy ? _cancel : null,
              child: const Text('Cancel'),
            ),
            if (busy) const BusyIndicator(label: 'Writing, reading, hashing'),
          ],
        ),
        OutcomeText(result: result, error: error),
      ],
    );
  }
}
