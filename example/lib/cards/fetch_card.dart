import 'dart:async';

import 'package:app_core/app_core.dart';
import 'package:async/async.dart';
import 'package:flutter/material.dart';

import '../widgets/busy_indicator.dart';
import '../widgets/button_wrap.dart';
import '../widgets/feature_card.dart';
import '../widgets/outcome_state.dart';
import '../widgets/outcome_text.dart';

const _description =
    'A native task that waits 500 ms without holding a thread, then answers '
    'on a native port. Cancel answers it at once.';

/// `AppCore.fetchData`: an async call that mostly waits.
class FetchCard extends StatefulWidget {
  const FetchCard({super.key});

  @override
  State<FetchCard> createState() => _FetchCardState();
}

class _FetchCardState extends State<FetchCard> with OutcomeState<FetchCard> {
  final _url = TextEditingController(text: 'https://example.com/items');
  CancelableOperation<String>? _operation;

  @override
  void dispose() {
    unawaited(_operation?.cancel());
    _url.dispose();
    super.dispose();
  }

  // A bad URL (one holding U+0000) throws an ArgumentError, shown as the
  // outcome like any other error.
  Future<void> _fetch() => showOutcome(() async {
    final operation = _operation = AppCore.fetchData(_url.text);
    try {
      return await operation.valueOrCancellation() ?? 'Cancelled';
    } finally {
      _operation = null;
    }
  });

  void _cancel() => unawaited(_operation?.cancel());

  @override
  Widget build(BuildContext context) {
    return FeatureCard(
      title: 'Fetch (waits without a thread)',
      description: _description,
      children: [
        TextField(
          controller: _url,
          decoration: const InputDecoration(
            labelText: 'url',
            border: OutlineInputBorder(),
          ),
        ),
        ButtonWrap(
          children: [
            FilledButton(
              onPressed: busy ? null : _fetch,
              child: const Text('Fetch'),
            ),
            OutlinedButton(
              onPressed: busy ? _cancel : null,
              child: const Text('Cancel'),
            ),
            if (busy) const BusyIndicator(label: 'Fetching'),
          ],
        ),
        OutcomeText(result: result, error: error),
      ],
    );
  }
}
