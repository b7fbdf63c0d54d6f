using System;
using System.Globalization;
using System.Threading.Tasks;

namespace S3Publish;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "train")
        {
            await TrainingJob.RunAsync();
            return 0;
        }

        if (args.Length == 1 && args[0] == "score")
        {
            var engine = await ScoringService.LoadAsync();
            foreach (var customer in Customer.Generate(8))
            {
                var prediction = engine.Predict(customer);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PREDICTION {customer.Tenure:F1} {prediction.Churn} {prediction.Probability:F4}"));
            }

            return 0;
        }

        Console.Error.WriteLine("usage: S3Publish train|score");
        return 2;
    }
}
