import 'bindings.g.dart';

/// The codes of the native error table (`app_core_error_code` in
/// `native/include/app_core.h`).
///
/// Each value is tied to the generated constant of the same name, so the two
/// tables cannot drift apart without a compile error.
enum AppCoreErrorCode {
  /// Success. Never the code of an [AppCoreException].
  ok(app_core_error_code.APP_CORE_OK),

  /// An argument is out of its documented range, for example a negative
  /// Fibonacci index.
  invalidArgument(app_core_error_code.APP_CORE_INVALID_ARGUMENT),

  /// A string is not valid UTF-8.
  invalidUtf8(app_core_error_code.APP_CORE_INVALID_UTF8),

  /// The result does not fit its type, for example `fibonacci(93)`.
  overflow(app_core_error_code.APP_CORE_OVERFLOW),

  /// Division by zero.
  divisionByZero(app_core_error_code.APP_CORE_DIVISION_BY_ZERO),

  /// Native memory could not be allocated.
  outOfMemory(app_core_error_code.APP_CORE_OUT_OF_MEMORY),

  /// The native runtime could not start an async task: the Dart API could not
  /// be initialised, the runtime is shutting down, or memory ran out.
  notInitialized(app_core_error_code.APP_CORE_NOT_INITIALIZED),

  /// An operating-system I/O call failed; the message names the path and the
  /// reason.
  io(app_core_error_code.APP_CORE_IO),

  /// The native runtime cancelled the task without the caller asking, which
  /// happens when `AppCore.shutdown` runs while the task is pending.
  cancelled(app_core_error_code.APP_CORE_CANCELLED);

  const AppCoreErrorCode(this.value);

  /// The code's value in the C error table.
  final int value;

  /// The code whose [value] is [value].
  ///
  /// Throws an [ArgumentError] if [value] is not in the table. The library
  /// itself never lets that escape: a native error whose code is not in the
  /// table breaks the contract and is reported as an [AppCoreProtocolError].
  static AppCoreErrorCode fromValue(int value) {
    for (final code in values) {
      if (code.value == value) return code;
    }
    throw ArgumentError.value(value, 'value', 'is not an app_core error code');
  }
}

/// A failure reported by the native core.
final class AppCoreException implements Exception {
  /// Creates an exception with [code] and [message].
  const AppCoreException(this.code, this.message);

  /// What went wrong, from the native error table.
  final AppCoreErrorCode code;

  /// The core's sentence naming the bad input (or, when the core could not
  /// allocate that sentence, the code's name).
  final String message;

  @override
  String toString() => 'AppCoreException(${code.name}): $message';
}

/// A native message or result that breaks the contract of the core, such as
/// a port message of an unknown kind or an error code outside the table.
///
/// It means the loaded library and these bindings disagree; it is delivered
/// like any other error of the call (never as a crash), and the native task
/// behind the call, if any, is cancelled.
final class AppCoreProtocolError extends Error {
  /// Creates an error for the offending [message], explained by [reason].
  AppCoreProtocolError(this.message, this.reason);

  /// The offending native message (or value) exactly as it was received.
  final Object? message;

  /// What is wrong with [message].
  final String reason;

  @override
  String toString() {
    var shown = '$message';
    if (shown.length > 200) shown = '${shown.substring(0, 200)}...';
    return 'AppCoreProtocolError: $reason: $shown';
  }
}

/// The error for a native failure [code] with [message]: an
/// [AppCoreException], or an [AppCoreProtocolError] if [code] is not a
/// failure code of the table.
Object errorFromNative(int code, String message) {
  for (final known in AppCoreErrorCode.values) {
    if (known.value == code && known != AppCoreErrorCode.ok) {
      return AppCoreException(known, message);
    }
  }
  return AppCoreProtocolError(
    code,
    'an error code that is not a failure code of the native table '
    '(message: $message)',
  );
}
