import 'package:app_core/app_core.dart';
import 'package:flutter/material.dart';

import '../widgets/button_wrap.dart';
import '../widgets/feature_card.dart';
import '../widgets/number_field.dart';
import '../widgets/outcome_state.dart';
import '../widgets/outcome_text.dart';

const _description =
    'The native runtime starts at the first async call with a worker thread '
    'per CPU (at least two). setWorkerCount changes that for its next start, '
    'so it returns false while the runtime runs. Shut down cancels every '
    'task of the app, those of the other cards too, waits for them to end '
    'and stops the workers.';

/// `AppCore.setWorkerCount` and `AppCore.shutdown`: the runtime itself.
class RuntimeCard extends StatefulWidget {
  const RuntimeCard({super.key});

  @override
  State<RuntimeCard> createState() => _RuntimeCardState();
}

class _RuntimeCardState extends State<RuntimeCard>
    with OutcomeState<RuntimeCard> {
  final _count = TextEditingController(text: '2');

  @override
  void dispose() {
    _count.dispose();
    super.dispose();
  }

  // A count outside 1...maxWorkerCount is a RangeError, shown as the outcome.
  Future<void> _setWorkerCount() => showOutcome(() {
    final count = parseWholeNumber(_count.text);
    if (AppCore.setWorkerCount(count)) {
      return 'setWorkerCount($count): true; the runtime starts with $count '
          'workers at the next async call';
    }
    return 'setWorkerCount($count): false; the runtime is running, shut it '
        'down first';
  });

  // Blocks this isolate until every task has ended: milliseconds, since the
  // tasks are cancelled first.
  Future<void> _shutdown() => showOutcome(() {
    final stopwatch = Stopwatch()..start();
    AppCore.shutdown();
    return 'shutdown() returned in ${stopwatch.elapsedMilliseconds} ms; the '
        'runtime starts again at the next async call';
  });

  @override
  Widget build(BuildContext context) {
    return FeatureCard(
      title: 'Runtime (worker count, shutdown)',
      description: _description,
      children: [
        NumberField(
          controller: _count,
          label: 'workers (1 to ${AppCore.maxWorkerCount})',
        ),
        ButtonWrap(
          children: [
            FilledButton(
              onPressed: _setWorkerCount,
              child: const Text('Set worker count'),
            ),
            OutlinedButton(
              onPressed: _shutdown,
              child: const Text('Shut down'),
            ),
          ],
        ),
        OutcomeText(result: result, error: error),
      ],
    );
  }
}
