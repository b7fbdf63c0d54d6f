using System;

namespace CsvData;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            foreach (var line in PriceModel.Run())
            {
                Console.WriteLine(line);
            }

            return 0;
        }

        Console.Error.WriteLine("usage: CsvData");
        return 2;
    }
}
