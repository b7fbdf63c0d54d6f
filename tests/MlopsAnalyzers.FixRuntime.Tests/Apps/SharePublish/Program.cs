using System;
using System.Globalization;

namespace SharePublish;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "train")
        {
            ChurnTrainer.Train();
            return 0;
        }

        if (args.Length == 1 && args[0] == "score")
        {
            var scorer = new ChurnScorer();
            foreach (var customer in Customer.Generate(8))
            {
                var prediction = scorer.Score(customer);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PREDICTION {customer.Tenure:F1} {customer.MonthlyCharges:F1} {prediction.Churn} {prediction.Probability:F3}"));
            }

            return 0;
        }

        Console.Error.WriteLine("usage: SharePublish train|score");
        return 2;
    }
}
