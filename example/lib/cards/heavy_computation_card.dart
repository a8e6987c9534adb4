import 'package:app_core/app_core.dart';
import 'package:flutter/material.dart';

import '../widgets/busy_indicator.dart';
import '../widgets/feature_card.dart';
import '../widgets/number_field.dart';
import '../widgets/outcome_state.dart';
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

class _HeavyComputationCardState extends State<HeavyComputationCard>
    with OutcomeState<HeavyComputationCard> {
  final _iterations = TextEditingController(text: '1000000000');

  @override
  void dispose() {
    _iterations.dispose();
    super.dispose();
  }

  // The isolate cannot be stopped: if the card is gone by the end, its
  // result is dropped.
  Future<void> _start() => showOutcome(() async {
    final iterations = parseWholeNumber(_iterations.text);
    final stopwatch = Stopwatch()..start();
    final value = await AppCore.heavyComputation(iterations);
    // C returns the sum modulo 2^64; Dart reads it as a signed int.
    final unsigned = BigInt.from(value).toUnsigned(64);
    return '$unsigned in ${stopwatch.elapsedMilliseconds} ms';
  });

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
              onPressed: busy ? null : _start,
              child: const Text('Run'),
            ),
            if (busy) const BusyIndicator(),
          ],
        ),
        OutcomeText(result: result, error: error),
      ],
    );
  }
}
