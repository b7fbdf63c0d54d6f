using System;
using System.Collections.Generic;
using Microsoft.ML.Data;

namespace SharePublish;

public sealed class Customer
{
    public float Tenure { get; set; }

    public float MonthlyCharges { get; set; }

    public bool Churned { get; set; }

    /// <summary>The same noisy, not separable rows on every run.</summary>
    public static List<Customer> Generate(int count)
    {
        var random = new Random(42);
        var rows = new List<Customer>();
        for (var i = 0; i < count; i++)
        {
            var tenure = (float)(random.NextDouble() * 72);
            var charges = (float)(20 + random.NextDouble() * 100);
            var risk = 1.5 - (tenure / 24.0) + (charges / 60.0) + ((random.NextDouble() - 0.5) * 3);
            rows.Add(new Customer { Tenure = tenure, MonthlyCharges = charges, Churned = risk > 0.8 });
        }

        return rows;
    }
}

public sealed class ChurnPrediction
{
    [ColumnName("PredictedLabel")]
    public bool Churn { get; set; }

    public float Probability { get; set; }
}
