using System;
using System.Globalization;
using MlopsAnalyzers.Abstractions.Storage;
using MlopsAnalyzers.Abstractions.Tests.Registry;
using MlopsAnalyzers.Abstractions.Tracking;

namespace MlopsAnalyzers.Abstractions.Stores.Tests;

/// <summary>
/// The test assembly doubles as a small program so that tests can start real processes that register into a store
/// (<c>dotnet MlopsAnalyzers.Abstractions.Stores.Tests.dll register ...</c>); they inherit the servers' environment.
/// The test runner never calls it.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 7 && args[0] == "register")
        {
            var registry = ModelRegistry.Open(args[1], new ObjectStoreOptions { SingleWriter = args[6] == "single-writer" });
            return RegisterLoop.Run(registry, name: args[2], modelFile: args[3], count: int.Parse(args[4], CultureInfo.InvariantCulture), goFile: args[5]);
        }

        if (args.Length >= 1 && args[0] == "measure")
        {
            return Measurements.Run(quick: Array.IndexOf(args, "--quick") > 0);
        }

        if (args.Length == 5 && args[0] == "append")
        {
            // Appends <count> runs (0: until killed), printing "appended <index>" after each.
            var tracker = ExperimentTracker.Open(args[1]);
            var count = int.Parse(args[4], CultureInfo.InvariantCulture);
            for (var i = 0; count == 0 || i < count; i++)
            {
                tracker.StartRun(args[2]).LogParameter("writer", args[3]).LogParameter("index", i).LogMetric("value", i).End();
                Console.WriteLine("appended " + i.ToString(CultureInfo.InvariantCulture));
            }

            return 0;
        }

        Console.Error.WriteLine("usage: register <root> <name> <model file> <count, 0 = until killed> <file to wait for> <single-writer|shared>");
        Console.Error.WriteLine("       append <root> <experiment> <writer id> <count, 0 = until killed>");
        Console.Error.WriteLine("       measure [--quick]   the README's store figures (dotnet run -c Release --project tests/MlopsAnalyzers.Abstractions.Stores.Tests -- measure)");
        return 2;
    }
}
