@TestOn('vm')
library;

import 'dart:io';

import 'package:app_core/src/hook/native_build.dart';
import 'package:code_assets/code_assets.dart';
import 'package:test/test.dart';

import '../hook/build.dart' as build;

void main() {
  final packageRoot = Directory.current.uri;
  final sourceList = File.fromUri(packageRoot.resolve(sourceListPath));

  group('parseSourceList', () {
    test('keeps paths, drops comments and blank lines', () {
      const text = '# header\n\nsrc/core/a.c\r\n  src/examples/b.c  \n#x.c\n';
      expect(parseSourceList(text), ['src/core/a.c', 'src/examples/b.c']);
    });

    test('the real list names existing C files, platform.c among them', () {
      final sources = parseSourceList(sourceList.readAsStringSync());
      expect(sources, contains('src/core/platform.c'));
      for (final source in sources) {
        expect(source, endsWith('.c'));
        final file = File.fromUri(packageRoot.resolve('native/$source'));
        expect(file.existsSync(), isTrue, reason: source);
      }
    });
  });

  group('compilerFlags', () {
    test('hide symbols and bind them locally on ELF targets', () {
      for (final os in [OS.linux, OS.android]) {
        final flags = compilerFlags(os, msvc: false);
        expect(flags, containsAll(['-fvisibility=hidden', '-Wl,-Bsymbolic']));
      }
    });

    test('link pthreads on Linux only', () {
      expect(compilerFlags(OS.linux, msvc: false), contains('-pthread'));
      for (final os in [OS.android, OS.macOS, OS.iOS, OS.windows]) {
        expect(compilerFlags(os, msvc: false), isNot(contains('-pthread')));
      }
    });

    test('give Apple linkers no ELF flag', () {
      for (final os in [OS.macOS, OS.iOS]) {
        expect(compilerFlags(os, msvc: false), ['-fvisibility=hidden']);
      }
    });

    test('give cl.exe only MSVC flags', () {
      final flags = compilerFlags(OS.windows, msvc: true);
      expect(flags, isNotEmpty);
      for (final flag in flags) {
        expect(flag, startsWith('/'));
      }
    });
  });

  test('the bindings resolve against the asset the hook builds', () {
    final uri = packageRoot.resolve('lib/src/bindings.g.dart');
    final bindings = File.fromUri(uri).readAsStringSync();
    const annotation = "@ffi.DefaultAsset('package:app_core/$assetName')";
    expect(bindings, contains(annotation));
  });

  test(
    'the hook builds one dynamic library and depends on its sources',
    () async {
      await testCodeBuildHook(
        mainMethod: build.main,
        check: (input, output) {
          final assets = output.assets.code;
          expect(assets, hasLength(1));
          expect(assets.single.id, 'package:app_core/$assetName');
          expect(assets.single.linkMode, isA<DynamicLoadingBundled>());
          expect(File.fromUri(assets.single.file!).existsSync(), isTrue);
          final root = input.packageRoot;
          final dependencies = output.dependencies;
          expect(dependencies, contains(root.resolve(sourceListPath)));
          final sources = parseSourceList(sourceList.readAsStringSync());
          for (final source in sources) {
            expect(dependencies, contains(root.resolve('native/$source')));
          }
        },
      );
    },
    timeout: const Timeout(Duration(minutes: 3)),
  );
}
