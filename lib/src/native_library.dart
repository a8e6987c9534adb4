import 'dart:ffi';
import 'dart:isolate';

import 'bindings.g.dart';
import 'errors.dart';

// Top-level variables live once per isolate, so each isolate checks and
// initialises for itself.
bool _abiChecked = false;
bool _dartApiInitialized = false;

/// This isolate's owner id in the core (0 = not registered): its tasks are
/// cancelled when the isolate ends.
int _owner = 0;

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
  _registerIsolate();
}

/// Asks the core for an owner id and the SendPort of its exit port, and has
/// the VM post the id there when this isolate ends, so the core cancels the
/// isolate's tasks (a hot restart, a background isolate that returns).
///
/// The SendPort arrives as a message, so the listener is attached one event
/// later: tasks started meanwhile already carry the owner, and should the
/// isolate end before the listener is attached they are merely not cancelled
/// early (their ports close with the isolate, which cancels each task at its
/// next post, as without registering).
void _registerIsolate() {
  final reply = RawReceivePort(null, 'app_core.isolate_register');
  final owner = app_core_isolate_register(reply.sendPort.nativePort);
  if (owner == 0) {
    reply.close();
    return;
  }
  // Set before the reply can be handled: it arrives in a later event.
  reply.handler = (Object? message) {
    reply.close();
    if (message case [APP_CORE_MESSAGE_VALUE, SendPort exitPort]) {
      Isolate.current.addOnExitListener(exitPort, response: owner);
    }
  };
  _owner = owner;
}

/// This isolate's owner id in the core, or 0 if it is not registered.
int get isolateOwner => _owner;

/// Marks the task [id] as this isolate's (see [ensureDartApiInitialized]).
void markTaskOwned(int id) {
  if (_owner != 0) app_core_task_set_owner(id, _owner);
}

/// Called after `app_core_shutdown`, which closes the core's exit port: the
/// next async call registers this isolate again.
void forgetIsolateRegistration() {
  _dartApiInitialized = false;
  _owner = 0;
}
