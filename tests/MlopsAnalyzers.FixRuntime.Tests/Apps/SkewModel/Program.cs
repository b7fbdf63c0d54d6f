using System;

namespace SkewModel;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "train")
        {
            PriceModel.Train();
            foreach (var line in SizeModel.TrainSaveAndReload())
            {
                Console.WriteLine(line);
            }

            return 0;
        }

        if (args.Length == 1 && args[0] == "score")
        {
            foreach (var line in PriceModel.Score())
            {
                Console.WriteLine(line);
            }

            return 0;
        }

        Console.Error.WriteLine("usage: SkewModel train|score");
        return 2;
    }
}
