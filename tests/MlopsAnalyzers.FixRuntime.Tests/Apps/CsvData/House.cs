using Microsoft.ML.Data;

namespace CsvData;

public sealed class House
{
    [LoadColumn(0)]
    public float Size { get; set; }

    [LoadColumn(1)]
    public float Rooms { get; set; }

    [LoadColumn(2)]
    public float Price { get; set; }
}

public sealed class PricePrediction
{
    [ColumnName("Score")]
    public float Price { get; set; }
}
