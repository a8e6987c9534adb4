import 'package:app_core/app_core.dart';
import 'package:flutter/material.dart';

import '../widgets/busy_indicator.dart';
import '../widgets/button_wrap.dart';
import '../widgets/feature_card.dart';
import '../widgets/number_field.dart';
import '../widgets/outcome_state.dart';
import '../widgets/outcome_text.dart';

/// The most iterations the card runs. The loop cannot be stopped once it has
/// started and its time grows linearly with the count, so the card bounds it:
/// at the few CPU cycles an iteration we estimate, this is seconds on a
/// desktop and under a minute on a slow phone, where a 64-bit count could
/// hold the helper isolate's thread for hours.
const _maxIterations = 4000000000;

const _description =
    'A blocking C loop run in a helper isolate (Isolate.run), so the UI '
    'isolate stays free. It cannot be cancelled: it simply runs to its end, '
    'so the card refuses more than $_maxIterations iterations.';

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
  // result is dropped. A count above the bound is refused before any thread
  // is taken, with a RangeError that names the valid range.
  Future<void> _start() => showOutcome(() async {
    final iterations = parseWholeNumber(_iterations.text);
    RangeError.checkValueInInterval(
      iterations,
      0,
      _maxIterations,
      'iterations',
    );
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
        NumberField(controller: _iterations, label: 'iterations'),
        ButtonWrap(
          children: [
            FilledButton(
              onPressed: busy ? null : _start,
              child: const Text('Run'),
            ),
            if (busy) const BusyIndicator(label: 'Computing'),
          ],
        ),
        OutcomeText(result: result, error: error),
      ],
    );
  }
}
