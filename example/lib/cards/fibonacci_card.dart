import 'dart:async';

import 'package:app_core/app_core.dart';
import 'package:async/async.dart';
import 'package:flutter/material.dart';

import '../widgets/button_wrap.dart';
import '../widgets/feature_card.dart';
import '../widgets/number_field.dart';
import '../widgets/outcome_state.dart';
import '../widgets/outcome_text.dart';

const _description =
    'A native task on the worker pool, computed by naive recursion: each +1 '
    'multiplies the time by about 1.6. The stopwatch keeps ticking because '
    'the UI isolate never waits; Cancel stops the C code mid-computation.';

/// `AppCore.fibonacci`: a cancellable CPU-bound task off the UI isolate.
class FibonacciCard extends StatefulWidget {
  const FibonacciCard({super.key});

  @override
  State<FibonacciCard> createState() => _FibonacciCardState();
}

class _FibonacciCardState extends State<FibonacciCard>
    with OutcomeState<FibonacciCard> {
  final _n = TextEditingController(text: '45');
  final _stopwatch = Stopwatch();
  CancelableOperation<int>? _operation;
  Timer? _ticker;

  @override
  void dispose() {
    // Leaving the screen must not leave C computing for nobody.
    unawaited(_operation?.cancel());
    _ticker?.cancel();
    _n.dispose();
    super.dispose();
  }

  Future<void> _start() => showOutcome(() async {
    final n = parseWholeNumber(_n.text);
    final operation = _operation = AppCore.fibonacci(n);
    _stopwatch
      ..reset()
      ..start();
    // Redraws the stopwatch; each tick is proof the UI isolate is free.
    _ticker = Timer.periodic(const Duration(milliseconds: 50), (_) {
      setState(() {});
    });
    try {
      final value = await operation.valueOrCancellation();
      return value == null ? 'Cancelled' : '$value';
    } finally {
      _stopwatch.stop();
      _ticker?.cancel();
      _operation = null;
    }
  });

  void _cancel() => unawaited(_operation?.cancel());

  @override
  Widget build(BuildContext context) {
    final seconds = _stopwatch.elapsedMilliseconds / 1000;
    return FeatureCard(
      title: 'Fibonacci (native worker pool)',
      description: _description,
      children: [
        NumberField(controller: _n, label: 'n'),
        ButtonWrap(
          children: [
            FilledButton(
              onPressed: busy ? null : _start,
              child: const Text('Compute'),
            ),
            OutlinedButton(
              onPressed: busy ? _cancel : null,
              child: const Text('Cancel'),
            ),
          ],
        ),
        Text('${seconds.toStringAsFixed(2)} s'),
        OutcomeText(result: result, error: error),
      ],
    );
  }
}
