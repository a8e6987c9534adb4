import 'dart:async';
import 'dart:io';

import 'package:app_core/app_core.dart';
import 'package:flutter/material.dart';

import '../demo_file.dart';
import '../widgets/button_wrap.dart';
import '../widgets/feature_card.dart';
import '../widgets/outcome_state.dart';
import '../widgets/outcome_text.dart';

const _fileSize = 64 << 20;
const _mebibyte = 1 << 20;

const _description =
    'Writes a 64 MiB file with async I/O, then hashes it on a native worker. '
    'The C code streams progress events over the port; cancelling the '
    'subscription cancels the native task.';

enum _Phase { idle, writing, hashing }

/// `AppCore.sha256File`: a stream of progress events, then the digest.
class Sha256Card extends StatefulWidget {
  const Sha256Card({super.key});

  @override
  State<Sha256Card> createState() => _Sha256CardState();
}

class _Sha256CardState extends State<Sha256Card> with OutcomeState<Sha256Card> {
  _Phase _phase = _Phase.idle;
  double _progress = 0;
  bool _stopRequested = false;
  StreamSubscription<Sha256Event>? _subscription;

  /// Completes when the hashing stream ends, fails or is cancelled.
  Completer<void>? _hashed;

  @override
  void dispose() {
    unawaited(_stop());
    super.dispose();
  }

  Future<void> _start() {
    _stopRequested = false;
    return showOutcome(() async {
      _showProgress(_Phase.writing, 0);
      Directory? directory;
      try {
        directory = await Directory.systemTemp.createTemp('app_core_');
        final file = await writeDemoFile(
          directory,
          size: _fileSize,
          onProgress: (written) => _showProgress(_Phase.writing, written),
          shouldStop: () => _stopRequested,
        );
        if (file == null || _stopRequested) return 'Cancelled';
        _showProgress(_Phase.hashing, 0);
        final stopwatch = Stopwatch()..start();
        final digest = await _hash(file.path);
        // Cancel may land after the last event: it still discards the result.
        if (digest == null || _stopRequested) return 'Cancelled';
        return '$digest\nhashed in ${stopwatch.elapsedMilliseconds} ms';
      } finally {
        // Shown by the outcome's own redraw.
        _phase = _Phase.idle;
        if (directory != null) await deleteQuietly(directory);
      }
    });
  }

  /// Listens to the hashing stream; returns the digest, or null if [_stop]
  /// cancelled the subscription first.
  Future<String?> _hash(String path) async {
    final hashed = Completer<void>();
    String? digest;
    _hashed = hashed;
    _subscription = AppCore.sha256File(path).listen(
      (event) {
        switch (event) {
          case Sha256Progress(:final bytesHashed):
            _showProgress(_Phase.hashing, bytesHashed);
          case Sha256Digest(:final hex):
            digest = hex;
        }
      },
      onError: hashed.completeError,
      onDone: hashed.complete,
      cancelOnError: true,
    );
    try {
      await hashed.future;
    } finally {
      _subscription = null;
      _hashed = null;
    }
    return digest;
  }

  void _showProgress(_Phase phase, int bytes) {
    if (!mounted) return;
    setState(() {
      _phase = phase;
      _progress = bytes / _fileSize;
    });
  }

  /// Stops the writing between two chunks, or cancels the hashing: the
  /// subscription's cancel reaches the native task, which stops at its next
  /// 64 KiB block.
  Future<void> _stop() async {
    _stopRequested = true;
    final subscription = _subscription;
    final hashed = _hashed;
    if (subscription == null || hashed == null) return;
    await subscription.cancel();
    // A cancelled subscription never reports done, so end the wait here.
    if (!hashed.isCompleted) hashed.complete();
  }

  @override
  Widget build(BuildContext context) {
    final done = (_progress * _fileSize / _mebibyte).round();
    final phase = switch (_phase) {
      _Phase.idle => null,
      _Phase.writing => 'Writing',
      _Phase.hashing => 'Hashing',
    };
    final amount = '$done of 64 MiB';
    return FeatureCard(
      title: 'SHA-256 of a file (a stream)',
      description: _description,
      children: [
        ButtonWrap(
          children: [
            FilledButton(
              onPressed: busy ? null : _start,
              child: const Text('Write and hash'),
            ),
            OutlinedButton(
              onPressed: busy ? () => unawaited(_stop()) : null,
              child: const Text('Cancel'),
            ),
          ],
        ),
        if (phase != null) ...[
          // The Text below says the same, so it is left out of semantics.
          LinearProgressIndicator(
            value: _progress,
            semanticsLabel: phase,
            semanticsValue: amount,
          ),
          ExcludeSemantics(child: Text('$phase: $amount')),
        ],
        OutcomeText(result: result, error: error),
      ],
    );
  }
}
