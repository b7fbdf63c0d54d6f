using Microsoft.ML.Data;

namespace TrainingApp;

/// <summary>One row of training data: a house's size and its sale price.</summary>
public sealed class House
{
    [LoadColumn(0)] public float Size;
    [LoadColumn(1)] public float Price;
}
