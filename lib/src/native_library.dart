import 'dart:ffi';

import 'bindings.g.dart';
import 'errors.dart';

// Top-level variables live once per isolate, so each isolate checks and
// initialises for itself.
bool _abiChecked = false;
bool _dartApiInitialized = false;

/// Checks, once per isolate, that the loaded native library implements the
/// ABI these bindings were generated from.
///
/// Throws a [StateError] naming both versions if it does not.
void ensureAbiCompatible() {
  if (_abiChecked) return;
  final loaded = app_core_abi_version();
  if (loaded != APP_CORE_ABI_VERSION) {
    throw StateError(
      'app_core: the loaded native library implements ABI version $loaded, '
      'but these Dart bindings were generated for ABI version '
      '$APP_CORE_ABI_VERSION. Build the library and generate the bindings '
      'from the same native/include/app_core.h.',
    );
  }
  _abiChecked = true;
}

/// Gives the core this VM's Dart API table, once per isolate, before the
/// isolate's first async call.
///
/// Throws an [AppCoreException] with [AppCoreErrorCode.notInitialized] if the
/// core refuses the table.
void ensureDartApiInitialized() {
  ensureAbiCompatible();
  if (_dartApiInitialized) return;
  if (app_core_init_dart_api(NativeApi.initializeApiDLData) != 0) {
    throw AppCoreException(
      AppCoreErrorCode.notInitialized,
      'app_core_init_dart_api refused the Dart API table of this VM '
      '(version ${NativeApi.majorVersion}.${NativeApi.minorVersion}; the core '
      'needs major version 2)',
    );
  }
  _dartApiInitialized = true;
}
