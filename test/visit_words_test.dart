import 'package:app_core/app_core.dart';
import 'package:test/test.dart';

void main() {
  group('visitWords', () {
    test('visits each word in order', () {
      final words = <String>[];
      final calls = AppCore.visitWords('  héllo\twörld 👋\nend ', (word) {
        words.add(word);
        return true;
      });
      expect(calls, 4);
      expect(words, ['héllo', 'wörld', '👋', 'end']);
    });

    test('calls nothing for a text without words', () {
      expect(AppCore.visitWords(' \t\n', (word) => fail('called')), 0);
      expect(AppCore.visitWords('', (word) => fail('called')), 0);
    });

    test('stops when the visitor returns false', () {
      final words = <String>[];
      final calls = AppCore.visitWords('one two three', (word) {
        words.add(word);
        return words.length < 2;
      });
      expect(calls, 2);
      expect(words, ['one', 'two']);
    });

    test('stops at an exception and rethrows it', () {
      var seen = 0;
      expect(
        () => AppCore.visitWords('a b c d', (word) {
          seen++;
          if (word == 'b') throw const FormatException('no b');
          return true;
        }),
        throwsA(isA<FormatException>()),
      );
      expect(seen, 2); // the native loop did not go on to c and d
    });

    test('may call the core again from inside the visitor', () {
      final reversed = <String>[];
      AppCore.visitWords('abc déf', (word) {
        reversed.add(AppCore.reverseString(word));
        return true;
      });
      expect(reversed, ['cba', 'féd']);
    });

    test('rejects U+0000', () {
      expect(
        () => AppCore.visitWords('a\u0000b', (word) => true),
        throwsArgumentError,
      );
    });
  });
}
