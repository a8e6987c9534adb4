import 'dart:ffi';
import 'dart:math' as math;
import 'dart:typed_data';

import 'bindings.g.dart';
import 'errors.dart';
import 'native_library.dart';
import 'native_memory.dart';

/// An incremental SHA-256: [add] the input in as many pieces as it comes,
/// then [close] for the digest.
///
/// Any split of the input gives the same digest as `AppCore.sha256Bytes` of
/// the whole. Each [add] hashes on the calling thread, straight from the
/// list's memory (no copy), in pieces of at most
/// `AppCore.sha256BytesLeafMax` bytes, each hashed in about 0.04 ms with
/// the CPU's SHA instructions and 0.3 ms without.
///
/// The hasher holds about a hundred bytes of native memory. [close] frees it
/// at once; a hasher that is never closed is freed by a [NativeFinalizer]
/// once the garbage collector finds it unreachable, so forgetting [close]
/// costs memory for a while, not for good. Like every [Finalizable], a
/// hasher cannot be sent to another isolate.
///
/// ```dart
/// final hasher = Sha256Hasher();
/// await for (final chunk in File(path).openRead()) {
///   hasher.add(chunk as Uint8List);
/// }
/// print(hasher.close());
/// ```
final class Sha256Hasher implements Finalizable {
  /// Creates a hasher that has hashed nothing yet.
  ///
  /// Throws an [AppCoreException] with [AppCoreErrorCode.outOfMemory] if the
  /// core cannot allocate it.
  Sha256Hasher() : _hasher = _newHasher() {
    _finalizer.attach(this, _hasher.cast(), detach: this);
  }

  // Runs app_core_hasher_free on the native pointer of a hasher that became
  // unreachable without close(); the C function takes no lock and never
  // calls into Dart, as a finalizer callback must.
  static final _finalizer = NativeFinalizer(
    addresses.app_core_hasher_free.cast(),
  );

  /// The native hasher; `nullptr` once [close] has run.
  Pointer<app_core_hasher> _hasher;

  /// Whether [close] has been called.
  bool get isClosed => _hasher == nullptr;

  /// Hashes [bytes] after everything added before.
  ///
  /// [bytes] may be of any length; views from [Uint8List.sublistView] and the
  /// lists `AppCore.readFile` returns work like any other [Uint8List]. It is
  /// only read, and may be changed again once this returns. Throws a
  /// [StateError] if the hasher is closed.
  void add(Uint8List bytes) {
    final hasher = _open();
    const chunk = APP_CORE_SHA256_BYTES_LEAF_MAX;
    for (var start = 0; start < bytes.length; start += chunk) {
      final end = math.min(start + chunk, bytes.length);
      final piece = Uint8List.sublistView(bytes, start, end);
      callWithError((_, error) {
        app_core_hasher_update(hasher, piece.address, piece.length, error);
      });
    }
  }

  /// Ends the hash and returns the digest of everything added, as 64
  /// lowercase hexadecimal digits; frees the native hasher.
  ///
  /// The hasher is closed afterwards even if this throws (an
  /// [AppCoreException] with [AppCoreErrorCode.outOfMemory] when the core
  /// cannot allocate the digest's string): its native memory is freed either
  /// way, never leaked. Throws a [StateError] if the hasher is already
  /// closed.
  String close() {
    final hasher = _open();
    _hasher = nullptr;
    _finalizer.detach(this);
    try {
      final hex = callWithError((_, error) {
        return takeString(app_core_hasher_finish(hasher, error));
      });
      if (hex == null) {
        throw AppCoreProtocolError(
          null,
          'app_core_hasher_finish returned NULL without reporting an error',
        );
      }
      return hex;
    } finally {
      app_core_hasher_free(hasher);
    }
  }

  Pointer<app_core_hasher> _open() {
    final hasher = _hasher;
    if (hasher == nullptr) throw StateError('Sha256Hasher is closed');
    return hasher;
  }

  static Pointer<app_core_hasher> _newHasher() {
    ensureAbiCompatible();
    final hasher = callWithError((_, error) => app_core_hasher_new(error));
    if (hasher == nullptr) {
      throw AppCoreProtocolError(
        null,
        'app_core_hasher_new returned NULL without reporting an error',
      );
    }
    return hasher;
  }
}
