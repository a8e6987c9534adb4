import 'dart:async';
import 'dart:ffi';

import 'package:ffi/ffi.dart';

import 'bindings.g.dart';
import 'errors.dart';
import 'log_record.dart';
import 'native_library.dart';
import 'native_memory.dart';

// The native log reaches Dart as "records are ready" wakeups from a
// NativeCallable.listener that carries nothing but the listener id; the
// records themselves wait in a bounded native queue that [_drain] empties with
// app_core_log_next, copying each one out. See "Calling Dart from C" in
// README.md and the log section of native/include/app_core.h.
//
// Order of teardown: app_core_log_unlisten first (when it returns, no native
// thread is calling the wakeup or will again), NativeCallable.close second.
// Closing first would leave a logging thread free to call a closed callable,
// which is undefined behaviour.

/// This isolate's native log listener (static state lives once per isolate).
final class NativeLog {
  NativeLog._();

  static final NativeLog instance = NativeLog._();

  late final StreamController<AppCoreLogRecord> _controller =
      StreamController<AppCoreLogRecord>.broadcast(
        onListen: _start,
        onCancel: _stop,
      );

  NativeCallable<app_core_log_wakeupFunction>? _callable;
  int _listener = 0;
  AppCoreLogLevel _level = AppCoreLogLevel.info;

  /// The records at or above [level], while anyone listens.
  Stream<AppCoreLogRecord> get stream => _controller.stream;

  /// The lowest level delivered.
  AppCoreLogLevel get level => _level;

  set level(AppCoreLogLevel value) {
    if (value == _level) return;
    _level = value;
    if (_listener != 0) _relisten();
  }

  void _start() {
    try {
      ensureAbiCompatible();
    } on StateError catch (error, stackTrace) {
      _controller.addError(error, stackTrace);
      return;
    }
    final callable = NativeCallable<app_core_log_wakeupFunction>.listener(
      _onWakeup,
    );
    _callable = callable;
    _listen();
  }

  void _listen() {
    final callable = _callable;
    if (callable == null) return;
    final listener = app_core_log_listen(
      _level.value,
      callable.nativeFunction,
      _ownerOrZero(),
    );
    if (listener == 0) {
      _callable = null;
      callable.close(); // never registered: nothing can be calling it
      _controller.addError(
        const AppCoreException(
          AppCoreErrorCode.outOfMemory,
          'app_core_log_listen could not register a listener',
        ),
      );
      return;
    }
    _listener = listener;
  }

  void _stop() {
    _unlisten();
    final callable = _callable;
    _callable = null;
    callable?.close(); // after the unlisten: no native call is in flight
  }

  /// Delivers what is queued, then unregisters; the callable stays open.
  void _unlisten() {
    if (_listener == 0) return;
    _drain();
    app_core_log_unlisten(_listener);
    _listener = 0;
  }

  /// Registers again with the current level and owner (after a level change
  /// or a shutdown, which ends the old owner's exit link). Wakeups still on
  /// their way for the old listener id are ignored by [_onWakeup].
  void _relisten() {
    _unlisten();
    _listen();
  }

  /// Called after `app_core_shutdown`, which gives this isolate a new owner id.
  void afterShutdown() {
    if (_listener != 0) _relisten();
  }

  void _onWakeup(int listener) {
    if (listener == _listener) _drain();
  }

  void _drain() {
    using<void>((arena) {
      final record = arena<app_core_log_record>();
      while (app_core_log_next(_listener, record)) {
        final native = record.ref;
        final message = takeString(native.message) ?? '';
        _controller.add(
          AppCoreLogRecord(
            level: AppCoreLogLevel.fromValue(native.level),
            nativeLevel: native.level,
            sequence: native.sequence,
            dropped: native.dropped,
            message: message,
          ),
        );
      }
    });
  }

  /// The isolate's owner id, so the core drops the listener itself should
  /// the isolate end without cancelling (a hot restart); 0 if the core could
  /// not register the isolate (then only cancelling removes it).
  static int _ownerOrZero() {
    try {
      ensureDartApiInitialized();
    } on AppCoreException {
      return 0;
    }
    return isolateOwner;
  }
}
