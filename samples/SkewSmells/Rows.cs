namespace SkewSmells;

/// <summary>The output of the custom mapping in <see cref="LegacyTrainer"/>; the house rows come from SkewShared.</summary>
public sealed class SizeFeatures
{
    public float LogSize { get; set; }
}
