using Microsoft.ML;

namespace CsvData;

public static class Listings
{
    /// <summary>The listings without the rows whose price is a typo (10000 or more).</summary>
    public static IDataView WithoutTypos(MLContext ml, IDataView data)
    {
        ml.Data.FilterRowsByColumn(data, nameof(House.Price), upperBound: 10000);
        return data;
    }
}
