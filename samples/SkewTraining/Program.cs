using Microsoft.ML;
using SkewShared;

// Training: the data path is relative to the app, the context is seeded, and the model saved is the whole chain
// (featurization + trainer) with the raw data's schema. No MLOps warning here.
var ml = new MLContext(seed: 0);
var dataPath = Path.Combine(AppContext.BaseDirectory, "Data", "houses.csv");
var modelPath = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.Combine(AppContext.BaseDirectory, "house-prices.zip");

var data = ml.Data.LoadFromTextFile<House>(dataPath, hasHeader: true, separatorChar: ',');
var model = PricePipeline.Definition.Fit(ml, data);
PricePipeline.Definition.Save(ml, model, data, modelPath);

Console.WriteLine($"Saved the whole '{PricePipeline.Definition.Name}' chain to {modelPath}");
