import 'package:flutter/material.dart';

import 'button_wrap.dart';
import 'feature_card.dart';
import 'number_field.dart';
import 'outcome_state.dart';
import 'outcome_text.dart';

/// A card that applies a synchronous app_core call to two numbers the user
/// types and shows the result, or the error the call threw.
class TwoNumberCard extends StatefulWidget {
  const TwoNumberCard({
    super.key,
    required this.title,
    required this.description,
    required this.symbol,
    required this.actionLabel,
    required this.initialA,
    required this.initialB,
    required this.operation,
  });

  final String title;
  final String description;

  /// Shown between the operands in the result and on the button, e.g. `+`.
  final String symbol;

  /// What the button does, in words (`Add a and b`): its tooltip, and its
  /// label for screen readers, which would otherwise read the bare symbol.
  final String actionLabel;
  final int initialA;
  final int initialB;

  /// The call. It is short (a leaf call into C), so it runs right here on
  /// the UI isolate.
  final int Function(int a, int b) operation;

  @override
  State<TwoNumberCard> createState() => _TwoNumberCardState();
}

class _TwoNumberCardState extends State<TwoNumberCard>
    with OutcomeState<TwoNumberCard> {
  late final _a = TextEditingController(text: '${widget.initialA}');
  late final _b = TextEditingController(text: '${widget.initialB}');

  @override
  void dispose() {
    _a.dispose();
    _b.dispose();
    super.dispose();
  }

  // Errors: RangeError (outside 32 bits), AppCoreException, FormatException.
  Future<void> _calculate() => showOutcome(() {
    final a = parseWholeNumber(_a.text);
    final b = parseWholeNumber(_b.text);
    return '$a ${widget.symbol} $b = ${widget.operation(a, b)}';
  });

  @override
  Widget build(BuildContext context) {
    return FeatureCard(
      title: widget.title,
      description: widget.description,
      children: [
        Row(
          spacing: 12,
          children: [
            Expanded(child: NumberField(controller: _a, label: 'a')),
            Expanded(child: NumberField(controller: _b, label: 'b')),
          ],
        ),
        ButtonWrap(
          children: [
            // The Text carries the label, so the tooltip stays out of the
            // semantics tree rather than have the words read twice.
            Tooltip(
              message: widget.actionLabel,
              excludeFromSemantics: true,
              child: FilledButton(
                onPressed: _calculate,
                child: Text(widget.symbol, semanticsLabel: widget.actionLabel),
              ),
            ),
          ],
        ),
        OutcomeText(result: result, error: error),
      ],
    );
  }
}
