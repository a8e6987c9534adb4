import 'dart:ffi';

import 'package:ffi/ffi.dart';

import 'bindings.g.dart';
import 'errors.dart';

/// Runs [call] with an [Arena] for its inputs and a zeroed error struct, then
/// throws if the core reported a failure there.
///
/// Everything [call] allocates in the arena is freed when it returns or
/// throws, and so is the error's message (by `app_core_error_clear`, never
/// by Dart's allocator). A failure becomes an [AppCoreException] (or an
/// [AppCoreProtocolError] for a code outside the table).
R callWithError<R>(
  R Function(Arena arena, Pointer<app_core_error> error) call,
) {
  return using((arena) {
    final error = arena<app_core_error>();
    // The arena runs callbacks before it frees memory, so the message is
    // released while the struct that points to it is still valid.
    arena.onReleaseAll(() => app_core_error_clear(error));
    final result = call(arena, error);
    final code = error.ref.code;
    if (code != app_core_error_code.APP_CORE_OK) {
      throw errorFromNative(code, _errorMessage(error.ref));
    }
    return result;
  });
}

/// Copies the string [s] the core returned into a Dart string and frees it
/// with `app_core_string_free`; returns `null` for `NULL`.
String? takeString(Pointer<Char> s) {
  if (s == nullptr) return null;
  try {
    return s.cast<Utf8>().toDartString();
  } finally {
    app_core_string_free(s);
  }
}

String _errorMessage(app_core_error error) {
  final message = error.message;
  if (message != nullptr) return message.cast<Utf8>().toDartString();
  // The core could not allocate the sentence; its static name still tells.
  final name = app_core_error_name(error.code).cast<Utf8>().toDartString();
  return '$name (the native message could not be allocated)';
}
