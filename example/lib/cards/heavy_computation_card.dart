import 'package:app_core/app_core.dart';
import 'package:flutter/material.dart';

import '../widgets/busy_indicator.dart';
import '../widgets/feature_card.dart';
import '../widgets/number_field.dart';
import '../widgets/outcome_text.dart';

const _description =
    'A blocking C loop run in a helper isolate (Isolate.run), so the UI '
    'isolate stays free. It cannot be cancelled: it simply runs to its end.';

/// `AppCore.heavyComputation`: a synchronous C call moved off the UI
/// isolate by Dart rather than by the native runtime.
class HeavyComputationCard extends StatefulWidget {
  const HeavyComputationCard({super.key});

  @override
  State<HeavyComputationCard> createState() => _HeavyComputationCardState();
}

class _HeavyComputationCardState extends State<HeavyComputationCard> {
  final _iterations = TextEditingController(text: '1000000000');
  bool _running = false;
  String? _result;
  Object? _error;

  @override
  void dispose() {
    _iterations.dispose();
    super.dispose();
  }

  Future<void> _start() async {
    setState(() {
      _running = true;
      _result = null;
      _error = null;
    });
    final stopwatch = Stopwatch()..start();
    String? result;
    Object? error;
    try {
      final iterations = parseWholeNumber(_iterations.text);
      final value = await AppCore.heavyComputation(iterations);
      // C returns the sum modulo 2^64; Dart reads it as a signed int.
      final unsigned = BigInt.from(value).toUnsigned(64);
      result = '$unsigned in ${stopwatch.elapsedMilliseconds} ms';
    } catch (caught) {
      error = caught;
    }
    // The isolate cannot be stopped; if the card is gone, drop the result.
    if (!mounted) return;
    setState(() {
      _running = false;
      _result = result;
      _error = error;
    });
  }

  @override
  Widget build(BuildContext context) {
    return FeatureCard(
      title: 'Heavy computation (Isolate.run)',
      description: _description,
      children: [
        Row(
          spacing: 12,
          children: [
            Expanded(
              child: NumberField(controller: _iterations, label: 'iterations'),
            ),
            FilledButton(
              onPressed: _running ? null : _start,
              child: const Text('Run'),
            ),
            if (_running) const BusyIndicator(),
          ],
        ),
        OutcomeText(result: _result, error: _error),
      ],
    );
  }
}
