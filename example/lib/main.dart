import 'package:flutter/material.dart';

import 'cards/divide_card.dart';
import 'cards/fetch_card.dart';
import 'cards/fibonacci_card.dart';
import 'cards/hasher_card.dart';
import 'cards/heavy_computation_card.dart';
import 'cards/read_file_card.dart';
import 'cards/reverse_card.dart';
import 'cards/sha256_card.dart';
import 'cards/sum_card.dart';

void main() => runApp(const AppCoreExampleApp());

/// The example app: one scrolling page with a card per app_core feature.
class AppCoreExampleApp extends StatelessWidget {
  const AppCoreExampleApp({super.key});

  @override
  Widget build(BuildContext context) {
    return MaterialApp(
      title: 'app_core example',
      theme: ThemeData(colorSchemeSeed: Colors.indigo),
      darkTheme: ThemeData(
        colorSchemeSeed: Colors.indigo,
        brightness: Brightness.dark,
      ),
      home: const HomePage(),
    );
  }
}

/// The page: the synchronous calls first, then the ones that answer later.
class HomePage extends StatelessWidget {
  const HomePage({super.key});

  @override
  Widget build(BuildContext context) {
    return Scaffold(
      appBar: AppBar(title: const Text('app_core example')),
      // A Column, not a ListView: a ListView disposes the cards scrolled out
      // of sight, which would cancel their running tasks.
      body: SafeArea(
        child: SingleChildScrollView(
          padding: const EdgeInsets.symmetric(vertical: 8),
          child: Center(
            child: ConstrainedBox(
              constraints: const BoxConstraints(maxWidth: 720),
              child: const Column(
                children: [
                  SumCard(),
                  ReverseCard(),
                  DivideCard(),
                  FibonacciCard(),
                  HeavyComputationCard(),
                  FetchCard(),
                  Sha256Card(),
                  ReadFileCard(),
                  HasherCard(),
                ],
              ),
            ),
          ),
        ),
      ),
    );
  }
}
