import 'package:flutter/material.dart';

/// A text field for a whole number, negative ones included.
class NumberField extends StatelessWidget {
  const NumberField({super.key, required this.controller, required this.label});

  final TextEditingController controller;
  final String label;

  @override
  Widget build(BuildContext context) {
    return TextField(
      controller: controller,
      keyboardType: const TextInputType.numberWithOptions(signed: true),
      decoration: InputDecoration(
        labelText: label,
        border: const OutlineInputBorder(),
      ),
    );
  }
}

/// Reads a whole number typed by the user; throws a [FormatException] that
/// [OutcomeText] shows if the text is not one.
int parseWholeNumber(String text) {
  final value = int.tryParse(text.trim());
  if (value == null) {
    throw FormatException('Not a whole number', text);
  }
  return value;
}
