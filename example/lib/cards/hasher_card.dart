import 'dart:convert';
import 'dart:typed_data';

import 'package:app_core/app_core.dart';
import 'package:flutter/material.dart';

import '../widgets/feature_card.dart';
import '../widgets/outcome_text.dart';

const _description =
    'Each change feeds the text to a native Sha256Hasher one line at a time '
    '(each add hashes the bytes in place), then closes it, which frees the '
    'native object at once.';

/// `Sha256Hasher`: an incremental SHA-256 owned by a Dart object.
class HasherCard extends StatefulWidget {
  const HasherCard({super.key});

  @override
  State<HasherCard> createState() => _HasherCardState();
}

class _HasherCardState extends State<HasherCard> {
  final _input = TextEditingController(text: 'abc');
  String? _result;
  Object? _error;

  @override
  void initState() {
    super.initState();
    final (result, error) = _hash(_input.text);
    _result = result;
    _error = error;
  }

  @override
  void dispose() {
    _input.dispose();
    super.dispose();
  }

  void _update(String text) {
    final (result, error) = _hash(text);
    setState(() {
      _result = result;
      _error = error;
    });
  }

  /// The digest of [text] and how it was fed, or the error.
  static (String?, Object?) _hash(String text) {
    try {
      final bytes = utf8.encode(text);
      final hasher = Sha256Hasher();
      var adds = 0;
      var start = 0;
      while (start < bytes.length) {
        var end = bytes.indexOf(0x0A, start) + 1;
        if (end == 0) end = bytes.length;
        hasher.add(Uint8List.sublistView(bytes, start, end));
        adds++;
        start = end;
      }
      return ('${hasher.close()}\n${bytes.length} bytes in $adds adds', null);
    } catch (error) {
      return (null, error);
    }
  }

  @override
  Widget build(BuildContext context) {
    return FeatureCard(
      title: 'SHA-256, incrementally (a native object)',
      description: _description,
      children: [
        TextField(
          controller: _input,
          minLines: 1,
          maxLines: 4,
          onChanged: _update,
          decoration: const InputDecoration(
            labelText: 'text',
            border: OutlineInputBorder(),
          ),
        ),
        OutcomeText(result: _result, error: _error),
      ],
    );
  }
}
