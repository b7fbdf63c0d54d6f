using System;
using System.Globalization;
using System.IO;
using Microsoft.ML;

namespace BlobPublish;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "train")
        {
            Trainer.Train();
            Publisher.Publish();
            return 0;
        }

        if (args.Length == 1 && args[0] == "score")
        {
            // The consumer: the model the publisher uploaded.
            using var buffer = new MemoryStream();
            Blobs.ModelBlob().DownloadTo(buffer);
            buffer.Position = 0;
            var ml = new MLContext();
            var engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(ml.Model.Load(buffer, out _));
            foreach (var customer in Customer.Generate(8))
            {
                var prediction = engine.Predict(customer);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PREDICTION {customer.Tenure:F1} {prediction.Churn} {prediction.Probability:F4}"));
            }

            return 0;
        }

        Console.Error.WriteLine("usage: BlobPublish train|score");
        return 2;
    }
}
