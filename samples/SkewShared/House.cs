using Microsoft.ML.Data;

namespace SkewShared;

/// <summary>One row of the house-price data (the same file as samples/HousePrices).</summary>
public sealed class House
{
    [LoadColumn(0)]
    public float Size { get; set; }

    [LoadColumn(1)]
    public float Rooms { get; set; }

    [LoadColumn(2)]
    public float Age { get; set; }

    [LoadColumn(3)]
    public string City { get; set; } = "";

    [LoadColumn(4)]
    public float Price { get; set; }
}

public sealed class PricePrediction
{
    [ColumnName("Score")]
    public float Price { get; set; }
}
