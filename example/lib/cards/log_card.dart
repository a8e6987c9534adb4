import 'dart:async';

import 'package:app_core/app_core.dart';
import 'package:flutter/material.dart';

import '../widgets/feature_card.dart';
import '../widgets/outcome_state.dart';
import '../widgets/outcome_text.dart';

const _description =
    'C calls Dart back. Words: the C loop calls a Dart function per word on '
    'this thread, during the call. Log: the core logs from its own threads; '
    'each record wakes this isolate with a post to its port and is copied out '
    'of a bounded native queue.';

const _shownRecords = 20;

/// `AppCore.visitWords` and a live view of `AppCore.logs`.
class LogCard extends StatefulWidget {
  const LogCard({super.key});

  @override
  State<LogCard> createState() => _LogCardState();
}

class _LogCardState extends State<LogCard> with OutcomeState<LogCard> {
  final _input = TextEditingController(text: 'héllo 👋 wörld, from C');
  final _records = <AppCoreLogRecord>[];
  StreamSubscription<AppCoreLogRecord>? _subscription;

  @override
  void initState() {
    super.initState();
    AppCore.logLevel = AppCoreLogLevel.debug;
    _subscription = AppCore.logs.listen(
      (record) {
        setState(() {
          _records.insert(0, record);
          if (_records.length > _shownRecords) _records.removeLast();
        });
      },
      // The log could not start (the core refused the Dart API table): shown
      // like a call's failure rather than left to the zone as uncaught.
      onError: (Object caught) => setState(() => error = caught),
    );
  }

  @override
  void dispose() {
    // Unregisters in C first, then closes the port.
    _subscription?.cancel();
    _input.dispose();
    super.dispose();
  }

  Future<void> _visit() => showOutcome(() {
    final words = <String>[];
    AppCore.visitWords(_input.text, (word) {
      words.add(word);
      return true;
    });
    return words.map((word) => '[$word]').join(' ');
  });

  @override
  Widget build(BuildContext context) {
    final small = Theme.of(context).textTheme.bodySmall;
    return FeatureCard(
      title: 'Calling Dart from C',
      description: _description,
      children: [
        Row(
          spacing: 12,
          children: [
            Expanded(
              child: TextField(
                controller: _input,
                decoration: const InputDecoration(
                  labelText: 'text',
                  border: OutlineInputBorder(),
                ),
              ),
            ),
            FilledButton(onPressed: _visit, child: const Text('Visit words')),
          ],
        ),
        OutcomeText(result: result, error: error),
        Row(
          spacing: 12,
          children: [
            Expanded(child: Text('Native log (newest first)', style: small)),
            // Cancels every running task of the app: it is the one call
            // here that makes the core log on demand.
            OutlinedButton(
              onPressed: AppCore.shutdown,
              child: const Text('Shut down runtime'),
            ),
          ],
        ),
        if (_records.isEmpty) Text('no records yet', style: small),
        for (final record in _records)
          Text(
            '#${record.sequence} ${record.level.name}: ${record.message}'
            '${record.dropped > 0 ? ' (${record.dropped} dropped before)' : ''}',
            style: small,
          ),
      ],
    );
  }
}
