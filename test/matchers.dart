import 'package:app_core/app_core.dart';
import 'package:test/test.dart';

/// Matches an [AppCoreException] whose code is [code].
Matcher isAppCoreException(AppCoreErrorCode code) {
  return isA<AppCoreException>().having((e) => e.code, 'code', code);
}

/// Matches a function or future that throws an [AppCoreException] with
/// [code].
Matcher throwsAppCore(AppCoreErrorCode code) {
  return throwsA(isAppCoreException(code));
}
