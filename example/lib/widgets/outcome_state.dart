import 'dart:async';

import 'package:flutter/widgets.dart';

/// What a card shows of its last call: the [result] or the [error], and
/// whether a call is still [busy]. [showOutcome] runs a call and keeps what
/// it gave, so each card holds only its own call.
mixin OutcomeState<T extends StatefulWidget> on State<T> {
  /// The text of the last call's result, or null.
  String? result;

  /// What the last call threw, or null.
  Object? error;

  /// Whether a call started by [showOutcome] has not ended yet.
  bool busy = false;

  /// Runs [call] and shows the text it returns or the error it throws,
  /// synchronously or not. If the card is gone by then, the outcome is
  /// dropped: there is nothing left to show it on.
  Future<void> showOutcome(FutureOr<String> Function() call) async {
    setState(() {
      busy = true;
      result = null;
      error = null;
    });
    String? newResult;
    Object? newError;
    try {
      newResult = await call();
    } catch (caught) {
      newError = caught;
    }
    if (!mounted) return;
    setState(() {
      busy = false;
      result = newResult;
      error = newError;
    });
  }
}
