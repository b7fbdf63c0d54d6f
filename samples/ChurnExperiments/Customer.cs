using Microsoft.ML.Data;

namespace ChurnExperiments;

/// <summary>One row of Data/customers.csv.</summary>
public sealed class Customer
{
    [LoadColumn(0)]
    public float Tenure { get; set; }

    [LoadColumn(1)]
    public float MonthlyCharges { get; set; }

    [LoadColumn(2)]
    public float SupportCalls { get; set; }

    [LoadColumn(3)]
    public bool Churned { get; set; }
}
