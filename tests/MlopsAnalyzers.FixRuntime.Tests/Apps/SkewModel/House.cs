using System;
using System.Collections.Generic;
using Microsoft.ML.Data;

namespace SkewModel;

public sealed class House
{
    [LoadColumn(0)]
    public float Size { get; set; }

    [LoadColumn(1)]
    public float Rooms { get; set; }

    [LoadColumn(2)]
    public float Price { get; set; }

    public static List<House> Generate(int count)
    {
        var random = new Random(7);
        var rows = new List<House>();
        for (var i = 0; i < count; i++)
        {
            var size = (float)(40 + random.NextDouble() * 160);
            var rooms = (float)random.Next(1, 7);
            rows.Add(new House { Size = size, Rooms = rooms, Price = (size * 2.5f) + (rooms * 10) + (float)(random.NextDouble() * 20) });
        }

        return rows;
    }
}

public sealed class SizeFeatures
{
    public float SizePerRoom { get; set; }
}

public sealed class PricePrediction
{
    [ColumnName("Score")]
    public float Price { get; set; }
}
