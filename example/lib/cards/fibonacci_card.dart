import 'dart:async';

import 'package:app_core/app_core.dart';
import 'package:async/async.dart';
import 'package:flutter/material.dart';

import '../widgets/feature_card.dart';
import '../widgets/number_field.dart';
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

class _FibonacciCardState extends State<FibonacciCard> {
  final _n = TextEditingController(text: '45');
  final _stopwatch = Stopwatch();
  CancelableOperation<int>? _operation;
  Timer? _ticker;
  String? _result;
  Object? _error;

  bool get _running => _operation != null;

  @override
  void dispose() {
    // Leaving the screen must not leave C computing for nobody.
    unawaited(_operation?.cancel());
    _ticker?.cancel();
    _n.dispose();
    super.dispose();
  }

  Future<void> _start() async {
    final CancelableOperation<int> operation;
    try {
      operation = AppCore.fibonacci(parseWholeNumber(_n.text));
    } catch (error) {
      setState(() => _error = error);
      return;
    }
    _stopwatch.reset();
    _stopwatch.start();
    // Redraws the stopwatch; each tick is proof the UI isolate is free.
    _ticker = Timer.periodic(const Duration(milliseconds: 50), (_) {
      setState(() {});
    });
    setState(() {
      _operation = operation;
      _result = null;
      _error = null;
    });

    String? result;
    Object? error;
    try {
      final value = await operation.valueOrCancellation();
      result = value == null ? 'Cancelled' : '$value';
    } catch (caught) {
      error = caught;
    }
    _stopwatch.stop();
    _ticker?.cancel();
    if (!mounted) return;
    setState(() {
      _operation = null;
      _result = result;
      _error = error;
    });
  }

  void _cancel() => unawaited(_operation?.cancel());

  @override
  Widget build(BuildContext context) {
    final seconds = _stopwatch.elapsedMilliseconds / 1000;
    return FeatureCard(
      title: 'Fibonacci (native worker pool)',
      description: _description,
      children: [
        Row(
          spacing: 12,
          children: [
            Expanded(child: NumberField(controller: _n, label: 'n')),
            FilledButton(
              onPressed: _running ? null : _start,
              child: const Text('Compute'),
            ),
            OutlinedButton(
              onPressed: _running ? _cancel : null,
              child: const Text('Cancel'),
            ),
          ],
        ),
        Text('${seconds.toStringAsFixed(2)} s'),
        OutcomeText(result: _result, error: _error),
      ],
    );
  }
}
