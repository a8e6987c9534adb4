import 'package:app_core/app_core.dart';
import 'package:flutter/material.dart';

import '../widgets/button_wrap.dart';
import '../widgets/feature_card.dart';
import '../widgets/outcome_state.dart';
import '../widgets/outcome_text.dart';

const _description =
    'Synchronous. The string crosses as UTF-8 and is reversed by Unicode '
    'scalar value, so accents and emoji stay whole.';

/// `AppCore.reverseString`: a string in, a new string out, both copied.
class ReverseCard extends StatefulWidget {
  const ReverseCard({super.key});

  @override
  State<ReverseCard> createState() => _ReverseCardState();
}

class _ReverseCardState extends State<ReverseCard>
    with OutcomeState<ReverseCard> {
  final _input = TextEditingController(text: 'héllo 👋 wörld');

  @override
  void dispose() {
    _input.dispose();
    super.dispose();
  }

  Future<void> _reverse() =>
      showOutcome(() => '"${AppCore.reverseString(_input.text)}"');

  @override
  Widget build(BuildContext context) {
    return FeatureCard(
      title: 'Reverse a string',
      description: _description,
      children: [
        TextField(
          controller: _input,
          decoration: const InputDecoration(
            labelText: 'text',
            border: OutlineInputBorder(),
          ),
        ),
        ButtonWrap(
          children: [
            FilledButton(onPressed: _reverse, child: const Text('Reverse')),
          ],
        ),
        OutcomeText(result: result, error: error),
      ],
    );
  }
}
