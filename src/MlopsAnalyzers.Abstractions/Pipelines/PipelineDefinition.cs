using System;
using System.IO;
using Microsoft.ML;

namespace MlopsAnalyzers.Abstractions.Pipelines;

/// <summary>
/// The one place a model's pipeline is defined: its featurization and its trainer, each built from an
/// <see cref="MLContext"/>. Training code fits <see cref="Build"/> (or calls <see cref="Fit"/>) and saves the whole
/// fitted chain through <see cref="Save(MLContext, ITransformer, IDataView, Stream)"/>, which refuses a model that
/// cannot score raw rows (the trainer saved without its featurization); serving code loads that chain through
/// <see cref="Load(MLContext, Stream, out DataViewSchema)"/>, and can rebuild the featurization with
/// <see cref="BuildFeaturization"/> (for drift baselines, explanations) from the same definition. Featurization then
/// cannot differ between training and inference.
/// </summary>
/// <example>
/// <code>
/// public static class PricePipeline
/// {
///     public static readonly PipelineDefinition Definition = PipelineDefinition.Create(
///         "house-prices",
///         ml => ml.Transforms.Categorical.OneHotEncoding("CityEncoded", "City")
///             .Append(ml.Transforms.Concatenate("Features", "Size", "CityEncoded")),
///         ml => ml.Regression.Trainers.Sdca(labelColumnName: "Price"));
/// }
///
/// // training
/// ITransformer model = PricePipeline.Definition.Fit(ml, trainingData);
/// PricePipeline.Definition.Save(ml, model, trainingData, "model.zip");
///
/// // serving
/// ITransformer loaded = PricePipeline.Definition.Load(ml, "model.zip", out var inputSchema);
/// </code>
/// </example>
public sealed class PipelineDefinition
{
    private readonly Func<MLContext, IEstimator<ITransformer>> _featurization;
    private readonly Func<MLContext, IEstimator<ITransformer>>? _trainer;

    private PipelineDefinition(string name, Func<MLContext, IEstimator<ITransformer>> featurization, Func<MLContext, IEstimator<ITransformer>>? trainer)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        if (name.Trim().Length == 0)
        {
            throw new ArgumentException("A pipeline definition needs a non-empty name.", nameof(name));
        }

        Name = name;
        _featurization = featurization ?? throw new ArgumentNullException(nameof(featurization));
        _trainer = trainer;
    }

    /// <summary>The pipeline's name (for logs, registry entries and error messages).</summary>
    public string Name { get; }

    /// <summary>True when the definition has a trainer step after its featurization.</summary>
    public bool HasTrainer => _trainer is not null;

    /// <summary>A definition made of featurization and a trainer appended to it.</summary>
    /// <param name="name">The pipeline's name.</param>
    /// <param name="featurization">Builds the data preparation from a context (transforms only).</param>
    /// <param name="trainer">Builds the trainer from a context; it is appended after the featurization.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static PipelineDefinition Create(string name, Func<MLContext, IEstimator<ITransformer>> featurization, Func<MLContext, IEstimator<ITransformer>> trainer)
        => new(name, featurization, trainer ?? throw new ArgumentNullException(nameof(trainer)));

    /// <summary>A definition made of one estimator chain (featurization only, or featurization and trainer in one chain).</summary>
    /// <param name="name">The pipeline's name.</param>
    /// <param name="pipeline">Builds the whole chain from a context.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static PipelineDefinition Create(string name, Func<MLContext, IEstimator<ITransformer>> pipeline)
        => new(name, pipeline, trainer: null);

    /// <summary>The data preparation alone, as the definition builds it for <paramref name="mlContext"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="mlContext"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The featurization delegate returned null.</exception>
    public IEstimator<ITransformer> BuildFeaturization(MLContext mlContext)
    {
        if (mlContext is null)
        {
            throw new ArgumentNullException(nameof(mlContext));
        }

        return _featurization(mlContext)
            ?? throw new InvalidOperationException($"The featurization of pipeline '{Name}' returned null.");
    }

    /// <summary>The whole chain: the featurization followed by the trainer, when there is one.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="mlContext"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A delegate of the definition returned null.</exception>
    public IEstimator<ITransformer> Build(MLContext mlContext)
    {
        var featurization = BuildFeaturization(mlContext);
        if (_trainer is null)
        {
            return featurization;
        }

        var trainer = _trainer(mlContext)
            ?? throw new InvalidOperationException($"The trainer of pipeline '{Name}' returned null.");
        return featurization.Append(trainer);
    }

    /// <summary>
    /// Fits the whole chain on raw training data. The result holds every step, featurization included, so saving it
    /// with <c>trainingData.Schema</c> gives serving the model it needs.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ITransformer Fit(MLContext mlContext, IDataView trainingData)
    {
        if (trainingData is null)
        {
            throw new ArgumentNullException(nameof(trainingData));
        }

        return Build(mlContext).Fit(trainingData);
    }

    /// <summary>
    /// Saves a model fitted from this definition, with the schema of the raw training data, after checking that the
    /// model accepts raw rows: a model fitted on featurized data without the featurization (the trainer alone) is
    /// refused, because serving could not score the rows it receives.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">The model does not accept rows with the training data's schema.</exception>
    public void Save(MLContext mlContext, ITransformer model, IDataView trainingData, Stream stream)
    {
        if (mlContext is null)
        {
            throw new ArgumentNullException(nameof(mlContext));
        }

        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        EnsureAcceptsRawRows(model, trainingData?.Schema ?? throw new ArgumentNullException(nameof(trainingData)));
        mlContext.Model.Save(model, trainingData.Schema, stream);
    }

    /// <summary>Saves the model to a file; see <see cref="Save(MLContext, ITransformer, IDataView, Stream)"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">The model does not accept rows with the training data's schema.</exception>
    public void Save(MLContext mlContext, ITransformer model, IDataView trainingData, string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        if (path.Trim().Length == 0)
        {
            throw new ArgumentException("The model path is empty.", nameof(path));
        }

        // Check before creating the file, so a refused model leaves no empty file behind.
        EnsureAcceptsRawRows(model, trainingData?.Schema ?? throw new ArgumentNullException(nameof(trainingData)));
        using var stream = File.Create(path);
        Save(mlContext, model, trainingData, stream);
    }

    /// <summary>
    /// Loads a model saved with <see cref="Save(MLContext, ITransformer, IDataView, Stream)"/>, checking that it was
    /// saved with its input schema and accepts rows of that schema.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">The model has no input schema or does not accept it.</exception>
    public ITransformer Load(MLContext mlContext, Stream stream, out DataViewSchema inputSchema)
    {
        if (mlContext is null)
        {
            throw new ArgumentNullException(nameof(mlContext));
        }

        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        var model = mlContext.Model.Load(stream, out var schema);
        if (schema is null || schema.Count == 0)
        {
            throw new InvalidOperationException($"The model of pipeline '{Name}' was saved without its input schema: serving cannot check the rows it scores. Save it with the training data's schema.");
        }

        EnsureAcceptsRawRows(model, schema);
        inputSchema = schema;
        return model;
    }

    /// <summary>Loads a model from a file; see <see cref="Load(MLContext, Stream, out DataViewSchema)"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidOperationException">The model has no input schema or does not accept it.</exception>
    public ITransformer Load(MLContext mlContext, string path, out DataViewSchema inputSchema)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        using var stream = File.OpenRead(path);
        return Load(mlContext, stream, out inputSchema);
    }

    private void EnsureAcceptsRawRows(ITransformer model, DataViewSchema rawSchema)
    {
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        try
        {
            model.GetOutputSchema(rawSchema);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new InvalidOperationException(
                $"The model does not accept the raw rows of pipeline '{Name}' ({e.Message}). It was probably fitted on featurized data without the featurization: fit the whole chain (Fit or Build) and save that.",
                e);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
