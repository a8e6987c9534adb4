import 'dart:async';

import 'package:app_core/app_core.dart';
import 'package:async/async.dart';
import 'package:flutter/material.dart';

import '../widgets/busy_indicator.dart';
import '../widgets/feature_card.dart';
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

class _FetchCardState extends State<FetchCard> {
  final _url = TextEditingController(text: 'https://example.com/items');
  CancelableOperation<String>? _operation;
  String? _result;
  Object? _error;

  @override
  void dispose() {
    unawaited(_operation?.cancel());
    _url.dispose();
    super.dispose();
  }

  Future<void> _fetch() async {
    final CancelableOperation<String> operation;
    try {
      operation = AppCore.fetchData(_url.text);
    } catch (error) {
      // For example an ArgumentError for a URL holding U+0000.
      setState(() => _error = error);
      return;
    }
    setState(() {
      _operation = operation;
      _result = null;
      _error = null;
    });
    String? result;
    Object? error;
    try {
      result = await operation.valueOrCancellation('Cancelled');
    } catch (caught) {
      error = caught;
    }
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
    final running = _operation != null;
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
        Row(
          spacing: 12,
          children: [
            FilledButton(
              onPressed: running ? null : _fetch,
              child: const Text('Fetch'),
            ),
            OutlinedButton(
              onPressed: running ? _cancel : null,
              child: const Text('Cancel'),
            ),
            if (running) const BusyIndicator(),
          ],
        ),
        OutcomeText(result: _result, error: _error),
      ],
    );
  }
}
