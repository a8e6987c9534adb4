import 'package:app_core/app_core.dart';
import 'package:flutter/material.dart';

/// The outcome of a call: its [result], or its [error] in the theme's error
/// colour, so that a failure reads as one. It is a live region: a screen
/// reader announces each new outcome without the user moving to it.
class OutcomeText extends StatelessWidget {
  const OutcomeText({super.key, this.result, this.error});

  final String? result;
  final Object? error;

  @override
  Widget build(BuildContext context) {
    final error = this.error;
    final Widget text;
    if (error != null) {
      final color = Theme.of(context).colorScheme.error;
      text = Text(describeError(error), style: TextStyle(color: color));
    } else {
      text = Text(result ?? '');
    }
    return Semantics(liveRegion: true, child: text);
  }
}

/// An error as the cards show it: an [AppCoreException] by its code's name
/// and message, other errors by their own text.
String describeError(Object error) {
  if (error is AppCoreException) {
    return '${error.code.name}: ${error.message}';
  }
  if (error is FormatException) {
    return '${error.message}: "${error.source}"';
  }
  // RangeError's text names the parameter, the value and the valid range.
  return '$error';
}
