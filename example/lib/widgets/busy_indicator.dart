import 'package:flutter/material.dart';

/// A small spinner that sits on a line with buttons; [label] tells a screen
/// reader what is under way.
class BusyIndicator extends StatelessWidget {
  const BusyIndicator({super.key, required this.label});

  final String label;

  @override
  Widget build(BuildContext context) {
    return SizedBox.square(
      dimension: 20,
      child: CircularProgressIndicator(strokeWidth: 2, semanticsLabel: label),
    );
  }
}
