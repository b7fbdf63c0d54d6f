using System;

namespace ScoringJob;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "train")
        {
            Trainer.Train();
            return 0;
        }

        if (args.Length == 1 && args[0] == "score")
        {
            BatchScoring.Run();
            return 0;
        }

        Console.Error.WriteLine("usage: ScoringJob train|score");
        return 2;
    }
}
