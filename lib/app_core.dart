/// Fast native functions from a C11 core: synchronous calls through
/// `dart:ffi`, and cancellable async calls answered by a native thread pool.
///
/// Everything is reached through [AppCore]. Native failures are
/// [AppCoreException]s with an [AppCoreErrorCode].
library;

export 'src/api.dart' show AppCore;
export 'src/errors.dart'
    show AppCoreErrorCode, AppCoreException, AppCoreProtocolError;
export 'src/log_record.dart' show AppCoreLogLevel, AppCoreLogRecord;
export 'src/sha256_event.dart' show Sha256Digest, Sha256Event, Sha256Progress;
// template:full-only-begin
export 'src/sha256_hasher.dart' show Sha256Hasher;
// template:full-only-end
