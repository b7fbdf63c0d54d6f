using Microsoft.ML.Data;

namespace ChurnServing;

/// <summary>One row of Data/customers.csv, and the input of the served model.</summary>
public sealed class Customer
{
    [LoadColumn(0)]
    public float Tenure { get; set; }

    [LoadColumn(1)]
    public float MonthlyCharges { get; set; }

    [LoadColumn(2)]
    public float SupportCalls { get; set; }

    [LoadColumn(3)]
    public string Contract { get; set; } = "";

    [LoadColumn(4)]
    public bool Churned { get; set; }
}

public sealed class ChurnPrediction
{
    [ColumnName("PredictedLabel")]
    public bool WillChurn { get; set; }

    public float Probability { get; set; }
}
