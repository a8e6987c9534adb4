import 'package:app_core/src/hook/native_build.dart';
import 'package:hooks/hooks.dart';

/// Compiles the C core for the target (see `lib/src/hook/native_build.dart`).
void main(List<String> args) async {
  await build(args, buildNativeLibrary);
}
