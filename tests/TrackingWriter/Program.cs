using System;
using System.IO;
using System.Threading;
using MlopsAnalyzers.Abstractions.Tracking;

// Usage:
//   TrackingWriter append <root> <experiment> <writer-id> <count>   appends <count> runs, then prints "done"
//   TrackingWriter hold-lock <root> <experiment>                    takes the experiment's lock, prints "locked", sleeps
switch (args.Length > 0 ? args[0] : "")
{
    case "append" when args.Length == 5:
    {
        var tracker = new FileExperimentTracker(args[1]);
        var count = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++)
        {
            var run = tracker.StartRun(args[2]);
            run.LogParameter("writer", args[3]).LogParameter("index", i).LogMetric("value", i);
            run.End();
        }

        Console.WriteLine("done");
        return 0;
    }

    case "hold-lock" when args.Length == 3:
    {
        Directory.CreateDirectory(args[1]);
        var lockPath = Path.Combine(args[1], args[2] + FileExperimentTracker.FileExtension + FileExperimentTracker.LockExtension);
        using var held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        Console.WriteLine("locked");
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    default:
        Console.Error.WriteLine("usage: TrackingWriter append <root> <experiment> <writer-id> <count> | hold-lock <root> <experiment>");
        return 2;
}
