import 'package:flutter/material.dart';

// template:full-only-begin
import 'cards/divide_card.dart';
// template:full-only-end
import 'cards/fetch_card.dart';
import 'cards/fibonacci_card.dart';
// template:full-only-begin
import 'cards/hasher_card.dart';
import 'cards/heavy_computation_card.dart';
import 'cards/read_file_card.dart';
// template:full-only-end
import 'cards/log_card.dart';
import 'cards/reverse_card.dart';
import 'cards/runtime_card.dart';
import 'cards/sha256_card.dart';
// template:full-only-begin
import 'cards/sum_card.dart';
// template:full-only-end

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
                  // template:full-only-begin
                  SumCard(),
                  // template:full-only-end
                  ReverseCard(),
                  // template:full-only-begin
                  DivideCard(),
                  // template:full-only-end
                  FibonacciCard(),
                  // template:full-only-begin
                  HeavyComputationCard(),
                  // template:full-only-end
                  FetchCard(),
                  Sha256Card(),
                  // template:full-only-begin
                  ReadFileCard(),
                  HasherCard(),
                  // template:full-only-end
                  RuntimeCard(),
                  LogCard(),
                ],
              ),
            ),
          ),
        ),
      ),
    );
  }
}
