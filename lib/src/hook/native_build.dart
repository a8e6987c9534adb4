import 'dart:convert';
import 'dart:io';

import 'package:code_assets/code_assets.dart';
import 'package:hooks/hooks.dart';
import 'package:native_toolchain_c/native_toolchain_c.dart';

/// The asset's name: the path of the bindings library under `lib/`, so the
/// asset id `package:app_core/src/bindings.g.dart` is the bindings' own
/// `@DefaultAsset`.
const String assetName = 'src/bindings.g.dart';

/// The one list of C sources, shared with `native/CMakeLists.txt`.
const String sourceListPath = 'native/sources.txt';

/// Builds the native library for the hook's target and reports it as the
/// code asset [assetName], with the source list as a dependency.
///
/// Does nothing when the build does not ask for code assets.
Future<void> buildNativeLibrary(
  BuildInput input,
  BuildOutputBuilder output,
) async {
  if (!input.config.buildCodeAssets) return;
  final code = input.config.code;
  final sourceList = input.packageRoot.resolve(sourceListPath);
  final listText = await File.fromUri(sourceList).readAsString();
  final sources = parseSourceList(listText);
  final builder = CBuilder.library(
    name: 'app_core',
    assetName: assetName,
    sources: [for (final source in sources) 'native/$source'],
    includes: const ['native/include', 'native/src'],
    defines: const {'APP_CORE_BUILDING': null},
    flags: compilerFlags(code.targetOS, msvc: usesMsvc(code)),
    std: 'c11',
    optimizationLevel: OptimizationLevel.o3,
    buildMode: BuildMode.release,
    // Plain C: no framework to link on macOS and iOS.
    frameworks: const [],
  );
  await builder.run(input: input, output: output);
  // CBuilder reports the sources and headers; the list itself is ours.
  output.dependencies.add(sourceList);
}

/// The paths in the source list [text], relative to `native/`: one a line,
/// ignoring blank lines and lines starting with `#`.
List<String> parseSourceList(String text) {
  final paths = <String>[];
  for (final line in const LineSplitter().convert(text)) {
    final path = line.trim();
    if (path.isNotEmpty && !path.startsWith('#')) paths.add(path);
  }
  return paths;
}

/// Whether native_toolchain_c will compile with MSVC's `cl.exe`, which takes
/// `/` flags only.
///
/// Mirrors its compiler choice: the compiler named in the build input (the
/// Flutter tool passes one), else `cl.exe` whenever the target is Windows.
bool usesMsvc(CodeConfig code) {
  final compiler = code.cCompiler?.compiler;
  if (compiler == null) return code.targetOS == OS.windows;
  return compiler.path.endsWith('cl.exe');
}

/// The compiler and linker flags for [targetOS], for `cl.exe` if [msvc].
///
/// - clang and gcc export only what `APP_CORE_API` marks
///   (`-fvisibility=hidden`, as in CMake); MSVC exports only `dllexport`ed
///   names by default.
/// - ELF targets bind the library's own symbols to itself (`-Bsymbolic`), so
///   a library already loaded in the process cannot interpose on them
///   (dart-lang/native#2724, which sqlite3.dart also works around).
/// - Linux links pthreads; Android has them in its libc, Apple platforms in
///   libSystem, and Windows uses kernel32 only.
/// - MSVC reads the sources as UTF-8 (`/utf-8`); the header has non-ASCII
///   comments.
List<String> compilerFlags(OS targetOS, {required bool msvc}) {
  if (msvc) return const ['/utf-8'];
  final isElf = targetOS == OS.linux || targetOS == OS.android;
  return [
    '-fvisibility=hidden',
    if (isElf) '-Wl,-Bsymbolic',
    if (targetOS == OS.linux) '-pthread',
  ];
}
