using System;
using System.Globalization;
using MlopsAnalyzers.Abstractions.Tests.Registry;

namespace MlopsAnalyzers.Abstractions.Tests;

/// <summary>
/// The test assembly doubles as a small program so that tests can start real processes that use the registry
/// (<c>dotnet MlopsAnalyzers.Abstractions.Tests.dll register ...</c>). The test runner never calls it.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 6 && args[0] == "register")
        {
            return RegisterLoop.Run(new FileModelRegistry(args[1]), name: args[2], modelFile: args[3], count: int.Parse(args[4], CultureInfo.InvariantCulture), goFile: args[5]);
        }

        Console.Error.WriteLine("usage: register <root> <name> <model file> <count, 0 = until killed> <file to wait for>");
        return 2;
    }
}
