class Animal:
    sound = "..."
    def __init__(self, name):
        self.name = name
    def speak(self):
        return self.name + " says " + self.sound
class Dog(Animal):
    sound = "woof"
class Puppy(Dog):
    def speak(self):
        return Dog.speak(self) + "!"
for a in [Animal("x"), Dog("rex"), Puppy("bit")]:
    print(a.speak(), isinstance(a, Dog))
print(Puppy.__mro__ == (Puppy, Dog, Animal, object), Puppy.__bases__ == (Dog,))
