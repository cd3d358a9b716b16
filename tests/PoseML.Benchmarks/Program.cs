using BenchmarkDotNet.Running;

// BenchmarkDotNet entry point: `dotnet run -c Release --project tests/PoseML.Benchmarks -- --filter '*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
