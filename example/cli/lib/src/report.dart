import 'dart:math' as math;

import 'package:app_core/app_core.dart';

/// Prints each call of the tour with what it returned or threw, and counts
/// the outcomes that differ from what the app_core API documents.
final class Report {
  static const _callColumn = 36;

  int _unexpected = 0;

  /// How many outcomes differed from the documented ones so far.
  int get unexpected => _unexpected;

  /// Prints a heading for the next group of calls.
  void section(String title) => print('\n== $title ==');

  /// Prints `call -> outcome`, with the arrows of all lines in one column.
  void show(String call, String outcome) {
    // Pads by Unicode scalar values, so calls holding emoji still line up.
    final padding = math.max(0, _callColumn - call.runes.length);
    print('$call${' ' * padding} -> $outcome');
  }

  /// Prints an indented line under the last call.
  void note(String text) => print('    $text');

  /// Flags [what] as a surprise unless [asDocumented] holds.
  void expect(bool asDocumented, String what) {
    if (asDocumented) return;
    _unexpected++;
    print('    ^ UNEXPECTED: $what');
  }

  /// Runs [run], shows its result or error, and checks that it returned
  /// [expected] or, when [fails] is given, threw an error [fails] accepts.
  void check<T>(
    String call,
    T Function() run, {
    T? expected,
    bool Function(Object error)? fails,
  }) {
    try {
      final value = run();
      show(call, describeValue(value));
      expect(fails == null && value == expected, call);
    } catch (error) {
      show(call, describeError(error));
      expect(fails != null && fails(error), call);
    }
  }

  /// Like [check], for calls that answer with a [Future].
  Future<void> checkAsync<T>(
    String call,
    Future<T> Function() run, {
    T? expected,
    bool Function(Object error)? fails,
  }) async {
    try {
      final value = await run();
      show(call, describeValue(value));
      expect(fails == null && value == expected, call);
    } catch (error) {
      show(call, describeError(error));
      expect(fails != null && fails(error), call);
    }
  }
}

/// A value as the tour prints it: strings in quotes, the rest as is.
String describeValue(Object? value) => value is String ? '"$value"' : '$value';

/// An error as the tour prints it: its type, its code if it has one, and its
/// message.
String describeError(Object error) {
  if (error is AppCoreException) {
    return 'AppCoreException ${error.code.name}: ${error.message}';
  }
  // A RangeError's own text names the parameter, the value and the range.
  // RangeError extends ArgumentError, so it is tested first.
  if (error is RangeError) return '$error';
  if (error is ArgumentError) return 'ArgumentError: ${error.message}';
  // Whether it was expected is Report.expect's to say (a FormatException a
  // visitor throws, a StateError of a closed hasher).
  return '$error';
}

/// Accepts an [AppCoreException] with [code].
bool Function(Object error) failsWithCode(AppCoreErrorCode code) {
  return (error) => error is AppCoreException && error.code == code;
}

/// Accepts a [RangeError]: a Dart int outside the C parameter's range.
bool failsWithRangeError(Object error) => error is RangeError;

/// Accepts an [ArgumentError] that is not a [RangeError].
bool failsWithArgumentError(Object error) {
  return error is ArgumentError && error is! RangeError;
}
